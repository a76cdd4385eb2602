-- fixture: dialect=mysql
-- Stored routines: their BEGIN … END bodies are MySQL's procedural language, no syntax error.
-- ok: syntax-error
CREATE PROCEDURE purge_sessions(IN days INT)
BEGIN
  DECLARE done INT DEFAULT 0;
  WHILE done < days DO
    DELETE FROM sessions WHERE age = done;
    SET done = done + 1;
  END WHILE;
END;
-- The mysql client's DELIMITER: `;` inside the body, `//` ends the statement.
DELIMITER //
-- ok: syntax-error
CREATE FUNCTION answer() RETURNS INT DETERMINISTIC
BEGIN
  RETURN 42;
END //
DELIMITER ;
-- The statements after are still split and checked:
-- expect: delete-without-where
DELETE FROM sessions;
-- expect: syntax-error
SELEC 1;
