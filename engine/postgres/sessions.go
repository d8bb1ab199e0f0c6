package postgres

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
)

// CreateSession starts a session for a user who has just authenticated and
// returns its token, for the cookie, and the session. Only the token's
// hash is stored. The partnership's expired sessions are cleared on the
// way.
func (s *Store) CreateSession(ctx context.Context, u *engine.User) (string, *engine.Session, error) {
	token, err := randomToken()
	if err != nil {
		return "", nil, err
	}
	csrf, err := randomToken()
	if err != nil {
		return "", nil, err
	}
	now := s.Now().UTC()
	sess := &engine.Session{User: *u, CSRF: csrf, Expires: now.Add(engine.SessionTTL).Truncate(time.Second)}
	err = s.write(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE partnership = $1 AND expires_at <= $2", s.pid, now.Format(time.RFC3339)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO sessions (partnership, token_hash, user_name, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
			s.pid, hashToken(token), u.Name, csrf, now.Format(time.RFC3339), sess.Expires.Format(time.RFC3339)); err != nil {
			return err
		}
		return s.audit(ctx, tx, now.Format(time.RFC3339), u.Name, "login", "", 0, "")
	})
	if err != nil {
		return "", nil, fmt.Errorf("start session: %w", err)
	}
	return token, sess, nil
}

// Session returns the live session of a token, with its user as the
// database has them now, or engine.ErrNoSession. A token of another
// partnership's session is no session here.
func (s *Store) Session(ctx context.Context, token string) (*engine.Session, error) {
	if token == "" {
		return nil, engine.ErrNoSession
	}
	var sess engine.Session
	var expires string
	err := s.pool.QueryRow(ctx, `SELECT u.name, u.role, s.csrf, s.expires_at
		FROM sessions s JOIN users u ON u.partnership = s.partnership AND u.name = s.user_name
		WHERE s.partnership = $1 AND s.token_hash = $2`, s.pid, hashToken(token)).Scan(&sess.User.Name, &sess.User.Role, &sess.CSRF, &expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, engine.ErrNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	sess.Expires, err = time.Parse(time.RFC3339, expires)
	if err != nil || !s.Now().Before(sess.Expires) {
		return nil, engine.ErrNoSession
	}
	if err := s.fillLimits(ctx, &sess.User); err != nil {
		return nil, err
	}
	return &sess, nil
}

// EndSession logs a session out; an unknown token is not an error.
func (s *Store) EndSession(ctx context.Context, token string) error {
	err := s.write(ctx, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, "DELETE FROM sessions WHERE partnership = $1 AND token_hash = $2 RETURNING user_name", s.pid, hashToken(token)).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, s.now(), name, "logout", "", 0, "")
	})
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// randomToken returns 32 random bytes, URL-safe base64.
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
