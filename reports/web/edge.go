package web

import (
	"fmt"
	"log"
	"net"
	"net/http"
	"syscall"
	"time"

	"golang.org/x/net/netutil"
)

// The limits of the web edge (DESIGN §16): a slow client holds a
// connection, a file handle and memory, so every request must arrive and
// be answered in bounded time, and connections are capped below what the
// process can open.
const (
	// ReadTimeout bounds the arrival of a request's headers and body.
	ReadTimeout = 30 * time.Second
	// WriteTimeout bounds the writing of a response, from the end of the
	// request's headers.
	WriteTimeout = 60 * time.Second
	// IdleTimeout closes a kept-alive connection that sends nothing.
	IdleTimeout = 2 * time.Minute
	// DefaultMaxConnections is the cap on connections served at once;
	// beyond it a connection waits to be accepted.
	DefaultMaxConnections = 1024
	// spareFiles are the file handles kept for the store, the key and
	// toc.yaml beside the connections.
	spareFiles = 64
)

// HTTPServer is the http.Server of s: its handler, timeouts and error log.
func (s *Server) HTTPServer(errorLog *log.Logger) *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: min(s.readTimeout, 10*time.Second),
		ReadTimeout:       s.readTimeout,
		WriteTimeout:      s.writeTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          errorLog,
	}
}

// Listen listens on addr and accepts at most max connections at once
// (DefaultMaxConnections when 0); more wait to be accepted. It raises the
// process's limit of open files to the most it may, and lowers max to fit
// within it, saying so in note.
func Listen(addr string, max int) (ln net.Listener, served int, note string, err error) {
	if max <= 0 {
		max = DefaultMaxConnections
	}
	if files := raiseFileLimit(); files > 0 && uint64(max)+spareFiles > files {
		fit := int(files) - spareFiles
		if fit < 1 {
			fit = 1
		}
		note = fmt.Sprintf("at most %d connections at once, not %d: this process may open only %d files (raise ulimit -n)", fit, max, files)
		max = fit
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, 0, "", fmt.Errorf("listen on %s: %w", addr, err)
	}
	return netutil.LimitListener(l, max), max, note, nil
}

// raiseFileLimit raises the soft limit of open files to the hard one and
// returns it; 0 when it cannot be read.
func raiseFileLimit() uint64 {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0
	}
	if lim.Cur < lim.Max {
		want := lim
		want.Cur = lim.Max
		if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want) == nil {
			lim = want
		}
	}
	return lim.Cur
}
