// Package job reads job files: YAML that holds a run's settings and the steps it takes, for
// runs nobody watches (cron, systemd timers, the drop folder).
//
// A job file's keys are the command's flags, spelled as the flags (password-env, workers,
// report, ...): Load checks them against the flag set the command defines, so a flag added to
// the command is a job key with no code here. Apply sets those the command line did not, so a
// flag given on the command line wins over the file. A repeatable flag takes a list. A key
// whose flag takes a FILE, PATH or DIR (as its usage names the value) is read relative to the
// job file's folder, as are the steps' files and mappings, so that a job runs the same from any
// working directory.
//
// The one key that is not a flag is steps: the files to import, in order, each with its port,
// mapping, constants and sheets.
//
// A job file never holds a password: a key that looks like one (password, senha, ...) is an
// error, as is every unknown key; every error names the file and the line. Salvage still reads
// a few named keys of a file Load refused (the command's metrics file and on-finish command,
// so that a run that could not start says so where it was told to).
//
// What lives elsewhere: what a step's settings mean and how they run (cmd/importer, package
// pipeline).
package job
