package main

import (
	"net"
	"strings"
	"testing"
)

func TestApp_RunServe(t *testing.T) {
	dir := newPartnershipDir(t)
	errs := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"ErrCertWithoutKey", []string{"serve", "--tls-cert", "cert.pem"}, 2, "--tls-cert and --tls-key go together"},
		{"ErrKeyWithoutCert", []string{"serve", "--tls-key", "key.pem"}, 2, "--tls-cert and --tls-key go together"},
		{"ErrArgument", []string{"serve", "now"}, 2, `serve takes no arguments, got "now"`},
		{"ErrUnknownFlag", []string{"serve", "--port", "80"}, 2, "unknown flag -port"},
		{"ErrBadMaxUpload", []string{"serve", "--max-upload", "lots"}, 2, `--max-upload: expected a size such as 256MiB`},
		{"ErrBadAddr", []string{"serve", "--addr", "127.0.0.1:notaport"}, 3, "listen on 127.0.0.1:notaport"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runUserCmd(t, dir, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.msg)
			}
		})
	}
	t.Run("ErrAddrInUse", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		code, _, stderr := runUserCmd(t, dir, "serve", "--addr", ln.Addr().String())
		if code != 3 || !strings.Contains(stderr, "listen on "+ln.Addr().String()) {
			t.Errorf("exit %d, stderr %q; want exit 3 saying it cannot listen", code, stderr)
		}
	})
	t.Run("Help", func(t *testing.T) {
		code, out, _ := runUserCmd(t, dir, "serve", "--help")
		if code != 0 || !strings.Contains(out, "--tls-cert") || !strings.Contains(out, "--secure-cookies") {
			t.Errorf("exit %d, help %q", code, out)
		}
	})
	t.Run("IsLoopback", func(t *testing.T) {
		for host, want := range map[string]bool{"127.0.0.1": true, "::1": true, "localhost": true, "0.0.0.0": false, "192.0.2.1": false} {
			if got := isLoopback(host); got != want {
				t.Errorf("isLoopback(%q) = %v, want %v", host, got, want)
			}
		}
	})
}
