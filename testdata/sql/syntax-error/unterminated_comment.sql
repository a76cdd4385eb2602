-- An unterminated block comment is a syntax error where it starts; the statements
-- before it are still checked, even the one it cuts short.
-- expect: delete-without-where
DELETE FROM sessions;
-- expect: select-star
SELECT * FROM users
-- expect: syntax-error
/* the rest of the file is inside this comment;
SELECT 1;
