package archive

import (
	"runtime"
	"sync"
)

// forEach calls fn(i) for i in [0, n) on as many goroutines as there are
// cores, and returns when all calls have.
func forEach(n int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
