package archive

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
)

// reserveSuffix names the reserve file beside its database, as the spool's.
const reserveSuffix = "-reserve"

// RecordReserve is the disk space the reserve file holds: room for the
// transactions that record how a run ended (its counts, its status, its
// frontier), a few WAL frames each, many times over.
const RecordReserve = 1 << 20

// HoldReserve makes the reserve file beside the database hold
// RecordReserve bytes of the disk, so that ReleaseReserve can give them
// back on a disk that has filled since: the free space a crawl keeps
// (see the crawl's disk reserve) is only looked at, and a disk another
// writer fills, or one whose free space cannot be read, leaves none for
// the record of the run it stopped. The bytes are random, so that no file
// system stores them compressed, deduplicated or as a hole. It fails on a disk without
// the room, leaving no file.
func (s *Store) HoldReserve() error {
	path := s.reservePath()
	if fi, err := os.Stat(path); err == nil && fi.Size() >= RecordReserve {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("hold reserve: %w", err)
	}
	fill := make([]byte, RecordReserve)
	rand.Read(fill)
	_, err = f.WriteAt(fill, 0)
	if err = errors.Join(err, f.Sync(), f.Close()); err != nil {
		return fmt.Errorf("hold reserve: %w", errors.Join(err, os.Remove(path)))
	}
	return nil
}

// ReleaseReserve removes the reserve file and returns the bytes it held,
// 0 when there was none.
func (s *Store) ReleaseReserve() (int64, error) {
	path := s.reservePath()
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err == nil {
		err = os.Remove(path)
	}
	if err != nil {
		return 0, fmt.Errorf("release reserve: %w", err)
	}
	return fi.Size(), nil
}

// reservePath names the reserve file beside the database file itself, a
// symbolic link's target (the store's path is, see RealPath): the run's
// record is written there, on the disk that refused the run.
func (s *Store) reservePath() string { return s.path + reserveSuffix }
