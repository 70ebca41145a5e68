package main

import (
	"errors"
	"sync"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/schedules/sourcerun"
)

// storageState remembers whether the daemon's last runs could store what
// they fetched, for /healthz: a daemon whose disk is full keeps running
// and retrying on schedule, but archives nothing until someone makes room,
// and its health must say so.
type storageState struct {
	mu      sync.Mutex
	problem string // why the last run that ended on it stopped; "" when fine
}

// after notes how a run ended: one stopped by a refused save sets the
// problem, one that completed clears it.
func (s *storageState) after(res sourcerun.Result, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case errors.Is(err, sourcerun.ErrUnwritable):
		s.problem = err.Error()
	case err == nil && res.Status == archive.RunOK:
		s.problem = ""
	}
}

// state is "ok" or why the archive cannot store more.
func (s *storageState) state() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.problem == "" {
		return "ok"
	}
	return s.problem
}
