/**
 * One generation job: its state, why it waits or failed, its references and
 * its images. The images drag like results (into the tray for the next round).
 */
import type { GenerationJob, GenerationState } from '../../../../shared/generation';
import { thumbnailUrl } from '../../api/client';
import { DRAG_RESULT } from '../../lib/dragTypes';
import { fileName } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { usePreview } from '../preview/previewStore';
import type { GridImage } from '../results/gridImage';
import { isActive, useGenerate } from './generateStore';
import './generate.css';

const STATE_LABEL: Record<GenerationState, string> = {
  queued: 'Waiting',
  running: 'Generating',
  retrying: 'Retrying',
  'batch-submitted': 'Submitted to batch',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** An output as the preview takes it: its size is read from the image once loaded. */
const outputImage = (path: string): GridImage => ({
  path,
  width: 0,
  height: 0,
  format: /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '',
});

export function JobCard({ job }: { job: GenerationJob }) {
  const { jobCancelled, jobRepeated, jobVaried, jobRetriedNow } = useGenerate.getState();
  const active = isActive(job);
  return (
    <li className={`job ${job.state}`} aria-label={`${STATE_LABEL[job.state]}: ${job.prompt}`}>
      <div className="job-head">
        <span className={`badge ${job.state}`}>
          {active && <span className="spinner" aria-hidden="true" />}
          {STATE_LABEL[job.state]}
        </span>
        <span className="job-prompt" title={job.prompt}>
          {job.prompt}
        </span>
      </div>
      {job.edit?.note && <p className="small-text muted">{job.edit.note}</p>}
      {job.message && (
        <p className={`small-text ${job.state === 'failed' ? 'error' : 'muted'}`} role="status">
          {job.message}
        </p>
      )}
      {job.references.length > 0 && (
        <ul className="job-refs" aria-label="Made from">
          {job.references.map((ref, i) => (
            <li
              key={ref.contentKey}
              title={`Image ${i + 1}: ${ref.path}${ref.source === 'auto' ? ' (found in the library)' : ''}`}
            >
              <img src={thumbnailUrl(ref.path)} alt={`Image ${i + 1}: ${ref.name}`} />
            </li>
          ))}
        </ul>
      )}
      {job.outputs.length > 0 && (
        <ul className="job-outputs" aria-label="Generated images">
          {job.outputs.map((path, i) => (
            <li
              key={path}
              aria-label={fileName(path)}
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_RESULT, path);
                e.dataTransfer.setData('text/plain', path);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              title={`${fileName(path)}: open its preview, or drag it into the references`}
            >
              <button
                type="button"
                className="job-output"
                aria-label={`Preview ${fileName(path)}`}
                onClick={() => usePreview.getState().listPreviewOpened(job.outputs.map(outputImage), i)}
              >
                <img src={thumbnailUrl(path)} alt="" draggable={false} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {job.responseText && <p className="small-text muted job-note">“{job.responseText}”</p>}
      <div className="button-row">
        {active ? (
          <>
            {job.state === 'batch-submitted' && (
              <button type="button" className="button small" onClick={() => void jobRetriedNow(job.id)}>
                <Icon name="play" size={12} /> Check now
              </button>
            )}
            {job.nextAttemptAt !== undefined && (
              <button type="button" className="button small" onClick={() => void jobRetriedNow(job.id)}>
                <Icon name="play" size={12} /> Retry now
              </button>
            )}
            <button type="button" className="button small" onClick={() => void jobCancelled(job.id)}>
              <Icon name="stop" size={12} /> Cancel
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button small" onClick={() => void jobRepeated(job.id)}>
              <Icon name="play" size={12} /> Run again
            </button>
            <button type="button" className="button small" onClick={() => jobVaried(job)}>
              <Icon name="sparkles" size={12} /> Vary
            </button>
          </>
        )}
      </div>
    </li>
  );
}
