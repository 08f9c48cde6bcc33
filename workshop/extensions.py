"""Extensions are made once here and bound to the app in create_app()."""

from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect

from .database import Database

db = Database()
socketio = SocketIO()
login_manager = LoginManager()
csrf = CSRFProtect()
