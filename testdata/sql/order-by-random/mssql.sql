-- fixture: dialect=mssql
-- expect: order-by-random
SELECT TOP 1 id FROM quotes ORDER BY NEWID();
