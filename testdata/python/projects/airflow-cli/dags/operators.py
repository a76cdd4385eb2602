from airflow.models import BaseOperator
from common.all import *


class RowCountOperator(BaseOperator):
    def __init__(self, table, **kwargs):
        super().__init__(**kwargs)
        self.sql = f"SELECT count(*) FROM {table}"  # expect: sql-injection@44
        self.safe_sql = f"SELECT count(*) FROM {quote_table(table)}"

    def execute(self, context):
        hook = warehouse()
        hook.get_records(self.safe_sql)  # ok: validated table name
        return hook.get_first(self.sql)  # executes the SQL built in __init__


class FixedOperator(BaseOperator):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sql = "SELECT count(*) FROM events"

    def execute(self, context):
        return warehouse().get_first(self.sql)  # ok: constant text
