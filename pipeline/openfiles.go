package pipeline

// filesBesideRequests is what a run may hold open besides its connections to Senior: the
// journal (its database and WAL three times over, its lock), the reports and their parts in
// the temporary folder, the re-import files, the inputs being read and the runtime's own: 20
// to 60 in a run of a folder of files.
const filesBesideRequests = 64

// fitWorkers is the most requests in flight that the limit on open files (limit, when known)
// leaves room for, each holding a connection and so a descriptor: workers when that limit is
// large enough, else what it leaves past filesBesideRequests (past half of it, under twice
// that: a run of one file needs some 25), 1 at least. Past it a request could not open its
// connection ("socket: too many open files"), which was taken for a Senior that does not
// answer: the run waited on it for minutes (3,000 rows took 3 min 15 s, not 3 s), and its
// workbook report and re-import files could not be written.
func fitWorkers(workers int, limit uint64, known bool) int {
	if !known || limit >= uint64(workers)+filesBesideRequests {
		return workers
	}
	room := limit - min(filesBesideRequests, limit/2)
	return max(1, min(workers, int(room)))
}
