"""A `password=` of a connection to something other than a database is another tool's
business (a cloud key, a directory, a mail server): this rule is about database passwords."""
import snowflake.connector
from airflow.models import Connection
from ldap3 import Connection as LdapConnection
from paramiko import SSHClient

# ok: hardcoded-credentials
aws = Connection(conn_id="aws_default", conn_type="aws", login="AKIA", password="not-a-db")
# ok: hardcoded-credentials
directory = LdapConnection("ldap://dir", user="cn=admin", password="directory-secret")
ssh = SSHClient()
# ok: hardcoded-credentials
ssh.connect("host", username="deploy", password="ssh-secret")

# An Airflow connection to a database holds a database password.
# expect: hardcoded-credentials@83
warehouse = Connection(conn_id="dwh", conn_type="postgres", login="etl", password="etl-secret")
# A database client sqlhound knows by its connect function.
# expect: hardcoded-credentials@57
snow = snowflake.connector.connect(user="etl", password="snow-secret", account="acme")
