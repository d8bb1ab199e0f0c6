-- The schools an editor is limited to (DESIGN §12); their activities are
-- in user_activities, as a funder's are.
CREATE TABLE user_schools (
  user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  school    TEXT NOT NULL,
  PRIMARY KEY (user_name, school)
);
