/** Five stars as a radio group named "Rating"; choosing the current rating again clears it. */
interface Props {
  rating: number;
  onChoose: (rating: number) => void;
}

export function StarRating({ rating, onChoose }: Props) {
  return (
    <div className="stars" role="radiogroup" aria-label="Rating">
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          role="radio"
          aria-checked={rating === n}
          aria-label={`${n} ${n === 1 ? 'star' : 'stars'}`}
          title={rating === n ? 'Click again to clear the rating (or press 0)' : `Rate ${n} (or press ${n})`}
          className={`star${n <= rating ? ' on' : ''}`}
          onClick={() => onChoose(rating === n ? 0 : n)}
        >
          {n <= rating ? '★' : '☆'}
        </button>
      ))}
    </div>
  );
}
