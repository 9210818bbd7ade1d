/** What the grid shows of an image: a search's hit (with its score) or an image of the library being browsed. */
import type { SearchHit } from '../../../../shared/types';

export type GridImage = Pick<
  SearchHit,
  'path' | 'width' | 'height' | 'format' | 'matches' | 'time' | 'duration' | 'times' | 'stack'
> & {
  score?: number;
  /** A member of an open stack, laid out after its cover: the cover's path. */
  stackedUnder?: string;
};
