import type { Figures } from './counting.js';
import type { LocalDate } from './time.js';

/** One commune's line of the city's view. */
export interface CityCommune {
  code: string;
  name: string;
  kind: string;
  totals: Figures;
  byChannel: Record<string, Figures>;
}

export interface CityReport {
  from: LocalDate;
  to: LocalDate;
  totals: Figures;
  communes: CityCommune[];
}

/** What the city's page adds per commune: the year's target progress and the PAR estimate of the period. */
export interface CommuneScores {
  progress: number | null;
  par: number;
}
