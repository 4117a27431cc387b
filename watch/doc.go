// Package watch is the drop folder: it takes every spreadsheet or CSV file dropped into a
// folder, once the file has stopped changing, imports it, and puts it with its reports into
// done/ or failed/ (DESIGN.md "Unattended runs").
//
// The life of a dropped file NAME in DIR:
//
//  1. Noticed, by an fsnotify event or by the poll (network shares, SMB or NFS, send no
//     inotify events), unless its name starts with "~$" or "." (Excel's lock files, partial
//     copies) or ends in .part, .partial, .crdownload, .download or .tmp (partial downloads
//     and copies, a program's temporary name): those are left alone.
//  2. Settled: taken only once its size and modification time have not changed for the
//     settle time; an empty file, once it has stayed empty ten times that (at least a
//     minute): a program's output redirected into the folder is empty until it prints. A set file (NAME.itens.csv beside NAME.csv) travels with its record file,
//     and the record file waits for it to settle too; a set file alone waits for its record.
//  3. Claimed: moved into DIR/processing/ (set files first). Its run's outputs are written in
//     DIR/processing/.NAME.work/. A file of the same name still in processing/ (one that could
//     not be moved out) is never replaced: the newcomer waits in DIR, said in the log, and is
//     tried again every minute.
//  4. Imported by Options.Import (package watch does not know how: cmd/importer runs the
//     pipeline).
//  5. Moved, outputs first and the file last, to DIR/done/NAME when every row succeeded and
//     the files are as they were taken (one written meanwhile was still being written), else
//     DIR/failed/NAME, with NAME.report.xlsx, NAME.report.jsonl and NAME.summary.json beside
//     it, and for failed rows DIR/failed/corrigir/NAME, to fix and drop back. A name already
//     there is never overwritten: the newcomer becomes NAME_2.ext (NAME_3.ext, ...), and past
//     NAME_1000.ext NAME_<date-time>.ext, its reports and set files following. A file of
//     rows to fix dropped back (Result.Fixed) that goes to done/ removes the copy of it left
//     in DIR/failed/corrigir/NAME (clearFixed).
//
// A watcher that stops mid-file, killed or interrupted, finds the file in processing/ when it
// starts again and imports it again, unless it had begun to move it out (its name in done/ or
// failed/ chosen and kept in the work folder, some outputs moved): then it finishes the move
// under that name, not importing it again beside its first reports; one that stopped Options.MaxStarts times on the same file
// gives up on it (failed/, the summary says why), so that a file that kills the importer
// cannot keep it from every other file. Importing a file twice is made harmless elsewhere (the
// journal), not here. One watcher per folder: a lock in processing/ refuses a second.
//
// A power cut leaves the folder as the disk last had it, not as the last system call did: so
// every step the next start relies on is synced before it relies on it (durable.go): a file's
// content before it is moved or renamed into place, the folder it went into and then the one
// it left after, a claim before the import, the outputs' moves before the file's, the file's
// before its work folder goes. A power cut then leaves the folder as some kill would have.
//
// Whoever can write to the share can make processing/, done/ or failed/ a link to a folder of
// the server's: nothing is moved or written through a link. Every move and write of the
// watcher's goes through an os.Root of DIR, so the system refuses a link out of it however late
// it comes; a folder of the watcher's that is a link (or no folder) stops Run at the start,
// saying which, and one made a link later leaves the file where it is, said in the log.
//
// processing/ is besides held open (an os.Root of it, by descriptor) from before a file is
// claimed until it is sorted, and given to Import (Task.Folder): the file is looked at and read
// there, never by its path, so processing/ renamed away and a link (or another folder) put in
// its place reads no other folder's file of the same name. Nothing is moved out by
// processing/'s name unless it is still that folder (inPlace): the file stays in the folder
// renamed. Import's own outputs (Task.Reports, Summary, Reimport) are written likewise in the
// file's work folder as made and held open (Task.Outputs, a writers.Folder), never by their
// paths: the work folder renamed away and a link or another folder put in its place while the
// file is imported is never written through; its outputs are put back at their place and the
// file goes to failed/, its summary saying why. A link inside the work folder that leads out of
// it is refused by the system.
package watch
