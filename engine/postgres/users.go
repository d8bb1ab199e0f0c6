package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/logins"
	"github.com/schoolstogether/impact/toc"
)

// AddUser creates a login of the partnership with a generated password,
// which it returns: the only time it exists outside the hash.
func (s *Store) AddUser(ctx context.Context, by string, u engine.User, p *toc.Partnership) (string, error) {
	if err := engine.CheckUser(u, p); err != nil {
		return "", err
	}
	password, hash, err := newPassword()
	if err != nil {
		return "", err
	}
	now := s.now()
	err = s.write(ctx, func(tx pgx.Tx) error {
		// Names are unique whatever their case (DESIGN §16).
		var same string
		err := tx.QueryRow(ctx, "SELECT name FROM users WHERE partnership = $1 AND lower(name) = lower($2) LIMIT 1", s.pid, u.Name).Scan(&same)
		if err == nil {
			if same == u.Name {
				return toc.Errorf(toc.ECONFLICT, "user %q exists already: use reset for a new password", u.Name)
			}
			return toc.Errorf(toc.ECONFLICT, "user %q exists already as %q: names are the same whatever their case", u.Name, same)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO users (partnership, name, role, password, created_at, changed_at) VALUES ($1, $2, $3, $4, $5, $5)",
			s.pid, u.Name, string(u.Role), hash, now); err != nil {
			return err
		}
		for _, a := range dedupe(u.Activities) {
			if _, err := tx.Exec(ctx, "INSERT INTO user_activities (partnership, user_name, activity) VALUES ($1, $2, $3)", s.pid, u.Name, a); err != nil {
				return err
			}
		}
		for _, sc := range dedupe(u.Schools) {
			if _, err := tx.Exec(ctx, "INSERT INTO user_schools (partnership, user_name, school) VALUES ($1, $2, $3)", s.pid, u.Name, sc); err != nil {
				return err
			}
		}
		detail := fmt.Sprintf("%s as %s", u.Name, u.Role)
		if len(u.Activities) > 0 {
			detail += " limited to " + strings.Join(dedupe(u.Activities), ", ")
		}
		if len(u.Schools) > 0 {
			detail += "; schools " + strings.Join(dedupe(u.Schools), ", ")
		}
		return s.audit(ctx, tx, now, by, "user-add", detail, 0, "")
	})
	if err != nil {
		return "", fmt.Errorf("add user: %w", err)
	}
	return password, nil
}

// Users returns every login of the partnership, by name.
func (s *Store) Users(ctx context.Context) ([]engine.User, error) {
	rows, err := s.pool.Query(ctx, "SELECT name, role, created_at, changed_at FROM users WHERE partnership = $1 ORDER BY name", s.pid)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []engine.User
	for rows.Next() {
		var u engine.User
		var created, changed string
		if err := rows.Scan(&u.Name, &u.Role, &created, &changed); err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		u.CreatedAt, _ = time.Parse(time.RFC3339, created)
		u.ChangedAt, _ = time.Parse(time.RFC3339, changed)
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	ptrs := make([]*engine.User, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if err := s.fillLimits(ctx, ptrs...); err != nil {
		return nil, err
	}
	return out, nil
}

// fillLimits gives users their activities and schools, in the order they
// were given.
func (s *Store) fillLimits(ctx context.Context, users ...*engine.User) error {
	byName := map[string]*engine.User{}
	name := "" // every user's, unless there is one
	for _, u := range users {
		byName[u.Name] = u
	}
	if len(users) == 1 {
		name = users[0].Name
	}
	for _, l := range []struct {
		table, column string
		list          func(*engine.User) *[]string
	}{
		{"user_activities", "activity", func(u *engine.User) *[]string { return &u.Activities }},
		{"user_schools", "school", func(u *engine.User) *[]string { return &u.Schools }},
	} {
		rows, err := s.pool.Query(ctx, "SELECT user_name, "+l.column+" FROM "+l.table+" WHERE partnership = $1 AND ($2 = '' OR user_name = $2) ORDER BY seq", s.pid, name)
		if err != nil {
			return fmt.Errorf("users' %s: %w", l.table, err)
		}
		for rows.Next() {
			var un, v string
			if err := rows.Scan(&un, &v); err != nil {
				rows.Close()
				return fmt.Errorf("users' %s: %w", l.table, err)
			}
			if u := byName[un]; u != nil {
				*l.list(u) = append(*l.list(u), v)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("users' %s: %w", l.table, err)
		}
	}
	return nil
}

// RemoveUser deletes a login and its sessions.
func (s *Store) RemoveUser(ctx context.Context, by, name string) error {
	err := s.write(ctx, func(tx pgx.Tx) error {
		if err := s.mustExist(ctx, tx, name); err != nil {
			return err
		}
		for _, q := range []string{"DELETE FROM sessions WHERE partnership = $1 AND user_name = $2", "DELETE FROM user_activities WHERE partnership = $1 AND user_name = $2",
			"DELETE FROM user_schools WHERE partnership = $1 AND user_name = $2", "DELETE FROM users WHERE partnership = $1 AND name = $2"} {
			if _, err := tx.Exec(ctx, q, s.pid, name); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, s.now(), by, "user-remove", name, 0, "")
	})
	if err != nil {
		return fmt.Errorf("remove user: %w", err)
	}
	return nil
}

// ResetPassword gives a login a new generated password, which it returns,
// and ends its sessions.
func (s *Store) ResetPassword(ctx context.Context, by, name string) (string, error) {
	password, hash, err := newPassword()
	if err != nil {
		return "", err
	}
	err = s.write(ctx, func(tx pgx.Tx) error {
		if err := s.mustExist(ctx, tx, name); err != nil {
			return err
		}
		if err := s.setPassword(ctx, tx, name, hash, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, s.now(), by, "user-reset", name, 0, "")
	})
	if err != nil {
		return "", fmt.Errorf("reset password: %w", err)
	}
	return password, nil
}

// ChangePassword sets a password the user chose, after checking the
// current one, and ends the user's sessions.
func (s *Store) ChangePassword(ctx context.Context, name, current, next string) error {
	if _, err := s.Authenticate(ctx, name, current); err != nil {
		return &toc.Error{Code: toc.EINVALID, Message: "the current password is wrong"}
	}
	if err := logins.CheckNew(next, name); err != nil {
		return &toc.Error{Code: toc.EINVALID, Message: err.Error()}
	}
	hash, err := logins.Hash(next)
	if err != nil {
		return err
	}
	err = s.write(ctx, func(tx pgx.Tx) error {
		if err := s.mustExist(ctx, tx, name); err != nil {
			return err
		}
		if err := s.setPassword(ctx, tx, name, hash, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, s.now(), name, "user-password", name, 0, "")
	})
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	return nil
}

// Authenticate returns the user when the password is theirs, else
// engine.ErrBadLogin, in the same time for an unknown name as for a wrong
// password. A login of another partnership is an unknown name here.
func (s *Store) Authenticate(ctx context.Context, name, password string) (*engine.User, error) {
	var hash string
	var u engine.User
	err := pgx.ErrNoRows
	// A name PostgreSQL cannot hold (a NUL) is no user's.
	if !strings.ContainsRune(name, 0) {
		err = s.pool.QueryRow(ctx, "SELECT name, role, password FROM users WHERE partnership = $1 AND name = $2", s.pid, name).Scan(&u.Name, &u.Role, &hash)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		logins.Check(logins.Dummy(), password)
		return nil, engine.ErrBadLogin
	}
	if err != nil {
		return nil, fmt.Errorf("log in: %w", err)
	}
	if !logins.Check(hash, password) {
		return nil, engine.ErrBadLogin
	}
	if err := s.fillLimits(ctx, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

func newPassword() (password, hash string, err error) {
	if password, err = logins.Generate(); err != nil {
		return "", "", err
	}
	if hash, err = logins.Hash(password); err != nil {
		return "", "", err
	}
	return password, hash, nil
}

func (s *Store) setPassword(ctx context.Context, tx pgx.Tx, name, hash, now string) error {
	if _, err := tx.Exec(ctx, "UPDATE users SET password = $3, changed_at = $4 WHERE partnership = $1 AND name = $2", s.pid, name, hash, now); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "DELETE FROM sessions WHERE partnership = $1 AND user_name = $2", s.pid, name)
	return err
}

func (s *Store) mustExist(ctx context.Context, tx pgx.Tx, name string) error {
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM users WHERE partnership = $1 AND name = $2)", s.pid, name).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return toc.Errorf(toc.ENOTFOUND, "no user %q: see impact user list", name)
	}
	return nil
}

func dedupe(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// LoginFailed audits failed logins for a name (as typed: it may be no
// user's) from an address.
func (s *Store) LoginFailed(ctx context.Context, name, addr string, failures int) error {
	if r := []rune(name); len(r) > 64 {
		name = string(r[:64]) + "…"
	}
	detail := fmt.Sprintf("%d failed %s for %q from %s", failures, map[bool]string{true: "login", false: "logins"}[failures == 1], name, addr)
	return s.write(ctx, func(tx pgx.Tx) error {
		return s.audit(ctx, tx, s.now(), "-", "login-failed", detail, 0, "")
	})
}
