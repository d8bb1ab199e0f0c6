package engine

import (
	"os"
	"os/user"
)

// OSUser is who the command line acts as in the audit log: the login name
// of the process's user.
func OSUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if n := os.Getenv("USER"); n != "" {
		return n
	}
	return "unknown"
}
