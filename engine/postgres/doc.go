// Package postgres is the evidence store of many partnerships in one
// PostgreSQL database (DESIGN §15), through jackc/pgx. Each partnership is
// known by the id written in its folder (impact.partnership) the first
// time it meets the database, so renaming the folder keeps its rows; its
// rows, logins, sessions, audit and key check are its own, and every query
// names it. The pseudonymisation key stays in the folder (impact.key),
// never in the database. The schema and its migrations are embedded
// (migrations/*.sql); bulk rows go in through COPY. It passes
// engine/storetest, as the SQLite store does.
package postgres
