-- Logins of the web app (`impact user`, `impact serve`). Passwords are
-- stored only as argon2id hashes; sessions only as the SHA-256 of their
-- cookie token, so a copy of the database opens no account and no session.

CREATE TABLE users (
  name       TEXT PRIMARY KEY,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'funder')),
  password   TEXT NOT NULL,             -- argon2id in PHC form: $argon2id$v=19$m=..,t=..,p=..$salt$hash
  created_at TEXT NOT NULL,             -- RFC 3339, UTC
  changed_at TEXT NOT NULL              -- last change of role, password or activities
);

-- The activities a funder is limited to; none means the whole partnership.
CREATE TABLE user_activities (
  user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  activity  TEXT NOT NULL,
  PRIMARY KEY (user_name, activity)
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,          -- hex SHA-256 of the cookie's token
  user_name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  csrf       TEXT NOT NULL,             -- the session's CSRF token
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_name);
