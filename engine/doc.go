// Package engine is the contract between impact's commands and the store
// that holds a partnership's evidence: what the command line and the web
// app ask of a store, as interfaces, with the types they speak in and the
// checks every store makes alike. It holds no SQL; each store is a package
// of its own (engine/sqlite), and engine/storetest is the suite every store
// passes.
//
// The packages below it are cut by the one dependency each wraps: rules
// (expr), logins (argon2), sqlite (the SQLite store), intake (files as
// schools export them), pseudonym (the key that stands pupils' identifiers
// in for HMACs), folder (a partnership folder opened as a whole), demo (the
// demo partnership).
package engine
