package newstest

import (
	"context"
	"net"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// Resolver resolves through a DNS server on 127.0.0.1, so lookups of
// names run offline: with loopback every name is 127.0.0.1 (IPv4 only),
// without it no name exists (NXDOMAIN).
func Resolver(t *testing.T, loopback bool) *net.Resolver {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go serveDNS(pc, loopback)
	addr := pc.LocalAddr().String()
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", addr)
		},
	}
}

func serveDNS(pc net.PacketConn, loopback bool) {
	buf := make([]byte, 1500)
	for {
		n, from, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}
		var query dnsmessage.Message
		if err := query.Unpack(buf[:n]); err != nil || len(query.Questions) == 0 {
			continue
		}
		reply := answer(query, loopback)
		if out, err := reply.Pack(); err == nil {
			pc.WriteTo(out, from)
		}
	}
}

// answer is the reply to query: 127.0.0.1 for an A question when
// loopback, no record for another, NXDOMAIN for every one without.
func answer(query dnsmessage.Message, loopback bool) dnsmessage.Message {
	reply := dnsmessage.Message{
		Header: dnsmessage.Header{
			ID: query.ID, Response: true, Authoritative: true,
			RecursionDesired: query.RecursionDesired, RecursionAvailable: true,
		},
		Questions: query.Questions,
	}
	q := query.Questions[0]
	switch {
	case !loopback:
		reply.Header.RCode = dnsmessage.RCodeNameError
	case q.Type == dnsmessage.TypeA:
		reply.Answers = []dnsmessage.Resource{{
			Header: dnsmessage.ResourceHeader{Name: q.Name, Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET, TTL: 60},
			Body:   &dnsmessage.AResource{A: [4]byte{127, 0, 0, 1}},
		}}
	}
	return reply
}
