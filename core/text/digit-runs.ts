/**
 * A number as shoppers type it: digit groups joined by up to three separators — any kind
 * of space (also NBSP, tabs, line breaks), dots, dashes, slashes, underscores, middle dots.
 * Digits and separators are disjoint classes, the separator run is bounded and must be
 * followed by a digit, so there is one way to split any text: matching stays linear.
 * Apply to NFKC-normalised text, so full-width digits count as digits.
 */
export const DIGIT_RUN = /\d+(?:[\s.\-/_·\u2010-\u2015\u2212]{1,3}\d+)*/gu;
