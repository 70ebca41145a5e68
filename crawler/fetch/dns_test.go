package fetch

import (
	"context"
	"net"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// localResolver resolves through a DNS server on 127.0.0.1 that answers
// every question with NXDOMAIN, so name errors are tested offline.
func localResolver(t *testing.T) *net.Resolver {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go serveNXDomain(pc)
	addr := pc.LocalAddr().String()
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", addr)
		},
	}
}

func serveNXDomain(pc net.PacketConn) {
	buf := make([]byte, 1500)
	for {
		n, from, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}
		var query dnsmessage.Message
		if err := query.Unpack(buf[:n]); err != nil {
			continue
		}
		reply := dnsmessage.Message{
			Header: dnsmessage.Header{
				ID: query.ID, Response: true, Authoritative: true,
				RecursionDesired: query.RecursionDesired, RecursionAvailable: true,
				RCode: dnsmessage.RCodeNameError,
			},
			Questions: query.Questions,
		}
		out, err := reply.Pack()
		if err != nil {
			continue
		}
		pc.WriteTo(out, from)
	}
}
