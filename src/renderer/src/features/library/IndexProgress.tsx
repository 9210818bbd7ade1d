/** The indexing job: a progress bar with pause, resume and cancel, then what the run did. */
import type { IndexProgress as Progress } from '../../../../shared/types';
import { formatCount, plural } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { type IndexJob, useLibrary } from './libraryStore';
import './library.css';

const PHASE = {
  waiting: 'Waiting',
  scanning: 'Scanning',
  hashing: 'Checking files',
  embedding: 'Indexing',
  reading: 'Reading text in images',
  done: 'Finishing',
} as const;

/** What the bar says: the phase, or whom the job waits for (another process indexes the folder). */
function phaseLabel(progress: Progress): string {
  if (progress.phase === 'waiting' && progress.holder) {
    return `Waiting for another Atelier process (pid ${progress.holder.pid}) indexing ${progress.holder.folder}`;
  }
  return PHASE[progress.phase];
}

function ProgressBar({ progress, label }: { progress: Progress | null; label: string }) {
  const known = progress && progress.total > 0;
  const value = known ? Math.min(progress.done, progress.total) : undefined;
  return (
    <div className="progress-block">
      <div className="progress-label">
        <span>{progress ? phaseLabel(progress) : label}</span>
        <span className="tabular muted">
          {known
            ? `${formatCount(progress.done)} / ${formatCount(progress.total)}`
            : progress
              ? formatCount(progress.done)
              : ''}
        </span>
      </div>
      <progress
        className="progress"
        aria-label="Indexing progress"
        max={known ? progress.total : undefined}
        value={value}
      />
    </div>
  );
}

function JobView({ job }: { job: IndexJob }) {
  const { pauseRequested, resumeRequested, cancelRequested } = useLibrary.getState();
  switch (job.kind) {
    case 'idle':
      return null;
    case 'starting':
      return <ProgressBar progress={null} label="Starting…" />;
    case 'running':
      return (
        <>
          <ProgressBar progress={job.progress} label="Starting…" />
          <div className="button-row">
            {job.folders.length > 0 && (
              <button
                type="button"
                className="button small"
                onClick={() => void pauseRequested()}
                title="Stops after the current batch; Resume picks up where it stopped"
              >
                <Icon name="pause" size={14} /> Pause
              </button>
            )}
            <button type="button" className="button small" onClick={() => void cancelRequested()}>
              <Icon name="stop" size={14} /> Cancel
            </button>
          </div>
        </>
      );
    case 'stopping':
      return <ProgressBar progress={job.progress} label="Stopping after this batch…" />;
    case 'paused':
      return (
        <>
          <ProgressBar progress={job.progress} label="Paused" />
          <div className="button-row">
            <span className="muted small-text">Paused</span>
            <button type="button" className="button small" onClick={() => void resumeRequested()}>
              <Icon name="play" size={14} /> Resume
            </button>
          </div>
        </>
      );
    case 'finished': {
      const { summary, cancelled } = job;
      return (
        <p className="job-summary" role="status">
          {cancelled ? 'Stopped. ' : 'Indexing complete. '}
          {plural(summary.embedded, 'image', 'images')} indexed
          {summary.reused + summary.moved > 0 ? `, ${formatCount(summary.reused + summary.moved)} reused` : ''}
          {summary.removed > 0 ? `, ${formatCount(summary.removed)} removed` : ''}
          {summary.skipped.length > 0 ? `, ${formatCount(summary.skipped.length)} skipped` : ''}.
        </p>
      );
    }
    case 'failed':
      return (
        <p className="job-summary error" role="alert">
          <Icon name="warning" size={14} /> {job.message}
        </p>
      );
  }
}

export function IndexProgress() {
  const job = useLibrary((s) => s.job);
  if (job.kind === 'idle') return null;
  return (
    <section className="index-job" aria-label="Indexing" aria-live="polite">
      <JobView job={job} />
    </section>
  );
}
