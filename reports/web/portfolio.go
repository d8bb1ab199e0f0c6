package web

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"sync"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// A funder's portfolio (DESIGN §15): one login across the partnerships a
// funder funds. The funder has a login of the same name and password in
// each (impact user add NAME --role funder, then the same password set
// in each); logging in at the bare host starts a session in every
// partnership where that is so, and a portfolio cookie for each holds its
// session's token. Each partnership checks its own token on every
// request, so a portfolio works on every server of the database, and
// what it shows of each is that funder's view there, protected as the
// funder's own pages are.

const (
	// portfolioCookie and the partnership's label name a portfolio's
	// cookie of that partnership: impact_portfolio_tyne-valley.
	portfolioCookie = "impact_portfolio_"
	// maxPortfolio bounds the partnerships of a portfolio: browsers keep
	// about 180 cookies a host.
	maxPortfolio = 150
)

// Grantee is one partnership of a funder's portfolio, as the funder's
// view of it says.
type Grantee struct {
	Partnership    string        `json:"partnership"`
	Host           string        `json:"host"`
	Participants   metrics.Count `json:"participants"`
	Disadvantaged  metrics.Count `json:"disadvantaged"`
	TargetingRatio *float64      `json:"targeting_ratio"`
	KPIs           int           `json:"kpis"`
	KPIsOnTrack    int           `json:"kpis_on_track"` // met or on track
	Activities     int           `json:"activities"`
	EvidenceGaps   int           `json:"evidence_gaps"`
	Stage          *string       `json:"stage"`
}

// portfolio is the grantees of the request's portfolio cookie, whose
// sessions are still good, in the partnerships' order. Their metrics are
// read a few partnerships at a time (as many as the process has cores):
// after writes, each needs its KPI part recomputed.
func (p *Partnerships) portfolio(ctx context.Context, r *http.Request) ([]Grantee, error) {
	type slot struct {
		g   Grantee
		ok  bool
		err error
	}
	slots := make([]slot, len(p.labels))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(len(p.labels), cores) {
		wg.Go(func() {
			for i := range work {
				slots[i].g, slots[i].ok, slots[i].err = p.grantee(ctx, r, p.labels[i])
			}
		})
	}
	for i := range p.labels {
		work <- i
	}
	close(work)
	wg.Wait()
	var out []Grantee
	for _, sl := range slots {
		if sl.err != nil {
			return nil, sl.err
		}
		if sl.ok {
			out = append(out, sl.g)
		}
	}
	if len(out) == 0 {
		return nil, engine.ErrNoSession
	}
	return out, nil
}

// grantee is one partnership of a portfolio; ok is false when the request
// holds no funder's session of it.
func (p *Partnerships) grantee(ctx context.Context, r *http.Request, label string) (Grantee, bool, error) {
	c, err := r.Cookie(portfolioCookie + label)
	if err != nil {
		return Grantee{}, false, nil
	}
	s, token := p.byLabel[label], c.Value
	sess, err := s.store.Session(ctx, token)
	if err != nil || sess.User.Role != toc.RoleFunder {
		return Grantee{}, false, nil
	}
	res, _, err := s.metricsFor(ctx, scopeOf(sess.User))
	if err != nil {
		return Grantee{}, false, err
	}
	g := Grantee{Partnership: res.Partnership, Host: hostOf(label, r.Host), Participants: res.Reach.Participants,
		Disadvantaged: res.Reach.Disadvantaged, TargetingRatio: res.Disadvantage.TargetingRatio,
		Activities: len(res.Activities), Stage: res.Health.Stage}
	for _, k := range res.KPIs {
		if k.Status != "no-data" {
			g.KPIs++
		}
		if k.Status == "met" || k.Status == "on-track" {
			g.KPIsOnTrack++
		}
	}
	for _, a := range res.Activities {
		if a.EvidenceGap {
			g.EvidenceGaps++
		}
	}
	return g, true, nil
}

var portfolioTemplate = template.Must(template.New("portfolio").Funcs(funcs).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portfolio · impact</title><link rel="stylesheet" href="/static/style.css"></head>
<body><main>
<h1>Your portfolio</h1>
{{if .Grantees}}
<div class="scroll"><table class="stack">
<thead><tr><th>Partnership</th><th class="num">Pupils reached</th><th class="num">Disadvantaged</th><th class="num">Targeting</th><th class="num">KPIs on track</th><th class="num">Evidence gaps</th><th>Stage</th></tr></thead>
<tbody>{{range .Grantees}}<tr><th scope="row"><a href="//{{.Host}}/">{{.Partnership}}</a></th><td class="num" data-label="Pupils reached">{{count .Participants}}</td><td class="num" data-label="Disadvantaged">{{count .Disadvantaged}}</td><td class="num" data-label="Targeting">{{ratio .TargetingRatio}}</td><td class="num" data-label="KPIs on track">{{.KPIsOnTrack}} of {{.KPIs}}</td><td class="num" data-label="Evidence gaps">{{.EvidenceGaps}} of {{.Activities}}</td><td data-label="Stage">{{with .Stage}}{{.}}{{else}}—{{end}}</td></tr>
{{end}}</tbody></table></div>
<p class="muted">Each partnership as your funder's view of it shows: counts below its privacy.min_cell hidden, pending data left out. Targeting: the disadvantaged share of pupils reached over that of their schools. KPIs on track: met or on track, of those with data.</p>
<form method="post" action="/portfolio/logout"><button type="submit">Log out of every partnership</button></form>
{{else}}
{{with .Problem}}<div class="errors" role="alert"><p>{{.}}</p></div>{{end}}
<p>Log in with the funder login you have in each partnership you fund (the same name and password in each).</p>
<form method="post" action="/portfolio/login">
<label>Name <input name="name" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button>
</form>
{{end}}
</main></body></html>
`))

type portfolioView struct {
	Grantees []Grantee
	Problem  string
}

func (p *Partnerships) portfolioPage(w http.ResponseWriter, r *http.Request) {
	g, err := p.portfolio(r.Context(), r)
	if err != nil && !errors.Is(err, engine.ErrNoSession) {
		p.log.Printf("web: portfolio: %v", err)
		http.Error(w, "internal error: see the server's log", http.StatusInternalServerError)
		return
	}
	p.renderPortfolio(w, http.StatusOK, portfolioView{Grantees: g})
}

func (p *Partnerships) renderPortfolio(w http.ResponseWriter, status int, v portfolioView) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := portfolioTemplate.Execute(w, v); err != nil {
		p.log.Printf("web: portfolio: %v", err)
	}
}

// portfolioLogin starts a session in every partnership where the name is
// a funder's login with that password.
func (p *Partnerships) portfolioLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "expected a form with name and password", http.StatusBadRequest)
		return
	}
	name, password := r.PostForm.Get("name"), r.PostForm.Get("password")
	var cookies []*http.Cookie
	for _, label := range p.labels {
		s := p.byLabel[label]
		if !s.hasFunder(r.Context(), name) {
			continue // no failed login to audit where the name is no funder
		}
		token, sess, err := s.startSession(r, name, password)
		var busy *tooManyLogins
		switch {
		case errors.As(err, &busy):
			p.renderPortfolio(w, http.StatusTooManyRequests, portfolioView{Problem: "too many failed logins: wait " + roundUp(busy.wait) + " and try again"})
			return
		case err != nil:
			continue
		case sess.User.Role != toc.RoleFunder:
			s.store.EndSession(r.Context(), token)
			continue
		}
		if len(cookies) < maxPortfolio {
			cookies = append(cookies, p.cookie(r, label, token, int(engine.SessionTTL.Seconds())))
		}
	}
	if len(cookies) == 0 {
		p.renderPortfolio(w, http.StatusUnauthorized, portfolioView{Problem: "unknown name or wrong password: no partnership served here has a funder login of that name and password"})
		return
	}
	for _, c := range cookies {
		http.SetCookie(w, c)
	}
	http.Redirect(w, r, "/portfolio", http.StatusSeeOther)
}

// cookie is a portfolio's cookie of one partnership; maxAge -1 clears it.
func (p *Partnerships) cookie(r *http.Request, label, token string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: portfolioCookie + label, Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: p.secure || r.TLS != nil}
}

// hasFunder reports whether the partnership has a funder login of the
// name (case aside, as logins are).
func (s *Server) hasFunder(ctx context.Context, name string) bool {
	users, err := s.store.Users(ctx)
	if err != nil {
		return false
	}
	for _, u := range users {
		if strings.EqualFold(u.Name, name) && u.Role == toc.RoleFunder {
			return true
		}
	}
	return false
}

func (p *Partnerships) portfolioLogout(w http.ResponseWriter, r *http.Request) {
	for _, label := range p.labels {
		if c, err := r.Cookie(portfolioCookie + label); err == nil {
			p.byLabel[label].store.EndSession(r.Context(), c.Value)
			http.SetCookie(w, p.cookie(r, label, "", -1))
		}
	}
	http.Redirect(w, r, "/portfolio", http.StatusSeeOther)
}

// apiPortfolio is GET /api/portfolio: the grantees, as JSON.
func (p *Partnerships) apiPortfolio(w http.ResponseWriter, r *http.Request) {
	g, err := p.portfolio(r.Context(), r)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	switch {
	case errors.Is(err, engine.ErrNoSession):
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(apiError{Error: "log in at /portfolio first"})
		return
	case err != nil:
		p.log.Printf("web: portfolio: %v", err)
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(apiError{Error: "internal error: see the server's log"})
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"grantees": g})
}
