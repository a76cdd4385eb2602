# fixture: dialect=postgres
"""Airflow operators: `sql` is a templated field, rendered with Jinja before it runs.

Airflow's macros (`{{ ds }}`, `{{ params.x }}`, `{{ macros.ds_add(ds, 1) }}`) are the DAG's
values, not a caller's: no injection. An f-string hole is still text spliced into SQL.
"""
from airflow import DAG
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.providers.google.cloud.operators.bigquery import BigQueryInsertJobOperator
from airflow.providers.postgres.operators.postgres import PostgresOperator


def build(dag: DAG, table, region):
    # ok: sql-injection
    SQLExecuteQueryOperator(
        task_id="daily",
        conn_id="warehouse",
        sql="DELETE FROM daily_events WHERE ds = '{{ ds }}' AND region = {{ params.region }}",
        params={"region": region},
    )
    # expect: sql-injection@58
    PostgresOperator(task_id="purge", sql=f"DELETE FROM {table} WHERE ds < '{{{{ ds }}}}'")
    PostgresOperator(
        task_id="report",
        # expect: null-comparison@85
        sql="SELECT id FROM daily_events WHERE ds = {{ macros.ds_add(ds, -1) }} AND closed_at = NULL",
    )
    # ok: sql-injection
    PostgresOperator(task_id="bound", sql="SELECT id FROM daily_events WHERE ds = %(day)s", parameters={"day": "{{ ds }}"})
    SQLExecuteQueryOperator(
        task_id="branches",
        sql="""
            SELECT id FROM daily_events
            {% if params.full %}
            -- expect: null-comparison
            WHERE region = NULL
            {% else %}
            -- expect: null-comparison
            WHERE ds = '{{ ds }}' AND region != NULL
            {% endif %}
        """,
    )
    BigQueryInsertJobOperator(
        task_id="bq",
        configuration={
            "query": {
                # expect: null-comparison@86
                "query": "SELECT id FROM shop.daily_events WHERE ds = '{{ ds }}' AND region = NULL",
                "useLegacySql": False,
            }
        },
    )
    # expect: syntax-error@52
    PostgresOperator(task_id="broken", sql="SELECT {{ ds FROM daily_events")
