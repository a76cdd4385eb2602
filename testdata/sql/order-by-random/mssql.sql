-- fixture: dialect=mssql
-- expect: order-by-random@38
SELECT TOP 1 id FROM quotes ORDER BY NEWID();
