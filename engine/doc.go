// Package engine holds what impact does with a theory of change: the
// Fiennes rules that pick each activity's measurement strategy (expr,
// compiled once), and the SQLite evidence store — schema, ToC sync,
// logging, imports, pseudonymisation, audit and backup.
package engine
