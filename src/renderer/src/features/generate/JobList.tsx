/** The generation jobs, newest first, named "Generation jobs". */
import { useGenerate } from './generateStore';
import { JobCard } from './JobCard';
import './generate.css';

export function JobList() {
  const jobs = useGenerate((s) => s.jobs);
  if (jobs.length === 0) {
    return <p className="muted small-text">Generated images appear here, and in the library’s generated folder.</p>;
  }
  return (
    <ol className="jobs" aria-label="Generation jobs">
      {jobs.map((job) => (
        <JobCard key={job.id} job={job} />
      ))}
    </ol>
  );
}
