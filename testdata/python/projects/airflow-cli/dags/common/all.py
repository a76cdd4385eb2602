from .sql import *
