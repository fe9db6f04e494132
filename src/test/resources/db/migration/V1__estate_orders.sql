-- The host application's own schema, migrated by its own Flyway (an "existing estate").
CREATE TABLE estate_orders (id INT PRIMARY KEY, item VARCHAR(100) NOT NULL);
INSERT INTO estate_orders (id, item) VALUES (1, 'coffee');
