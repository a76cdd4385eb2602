-- fixture: dialect=mysql
-- ok: syntax-error
SELECT `id` FROM `users` WHERE `name` = 'a\'b;c';
# a MySQL comment; with a semicolon
-- ok: syntax-error
SELECT 1;
