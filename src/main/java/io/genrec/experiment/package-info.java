/**
 * Experiments: run directories, sweeps and shards, paper tables and training curves.
 *
 * <p><b>Run directory.</b> A resolved config runs in
 * {@code experiments/<experiment>/<model>-<dataset>-<hash6>/}, hash6 being the first six hex
 * digits of the SHA-256 of the config's canonical JSON ({@link io.genrec.experiment.ConfigDigest}).
 * It holds config.json, overrides.json, provenance.json, epochs.jsonl, metrics.json, per_user.csv,
 * run.log, checkpoints/, savedmodel/ (+ savedmodel.txt) and, written last, DONE. Every file but
 * run.log (a log, appended) is replaced atomically. A run with DONE is never repeated; one without
 * it is resumed by calling the training body again on the same directory; a failure leaves
 * error.txt. Because hash6 covers the resolved config, changing a default in code gives every
 * config a new directory: old results stay where they are, and are not mixed with new ones. A new
 * key whose default keeps the old behaviour is listed in ConfigDigest's keys added later, so at its
 * default it leaves old directory names as they were.
 *
 * <p><b>Sweeps.</b> {@code genrec sweep DIR} takes every *.json under DIR in sorted path order and
 * expands each file's {@code "sweep": {"key.path": [values...]}} grid (keys in file order, the last
 * varying fastest). {@code --set} applies to every point, and pins a swept key.
 *
 * <p><b>Chains.</b> A config may name configs it starts from: {@code "needs": "../pretrain/x.json"}
 * (relative to the file; or {@code {"config": ..., "as": "model.init_from"}}, or a list). The
 * needed config is planned first (pulled in from outside DIR if need be, with the same
 * {@code --set}s), and its finished run directory is set as {@code as} (default
 * {@code model.init_from}) in each needing run, so it is part of that run's hash. The needed run
 * is the needed config's only run, or the one with the same seed. A run starts only when what it
 * needs has DONE; plan stages number the layers ({@code --stage K}).
 *
 * <p><b>Shards.</b> {@code --shard i/n} is 1-based and takes the runs at positions p of the whole
 * expanded list with {@code p mod n == i-1}; positions count finished runs too, so shares never
 * move. Without {@code --shard}, a SLURM array task is shard
 * {@code SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1} of {@code SLURM_ARRAY_TASK_COUNT}: task
 * ids are 0-based from the array's minimum, so {@code --array=0-(n-1)} (what
 * {@code --emit-slurm} writes) and {@code --array=1-n} both work. In a chain a shard skips runs
 * whose needed run is not DONE yet (another shard's) and exits 4, to be rerun later;
 * {@code --emit-slurm} writes one array per stage instead, submitted in order with
 * {@code --dependency=afterany}.
 *
 * <p><b>Tables.</b> {@code genrec table} reads only the runs' files: metrics.json for means and
 * sample standard deviations, per_user.csv for paired significance tests against a baseline.
 */
package io.genrec.experiment;
