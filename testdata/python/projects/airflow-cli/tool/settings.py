DB_HOST = "db.internal"
DB_PASSWORD = "s3cr3t-Prod-2024"
