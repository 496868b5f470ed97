import { useCallback, useEffect, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { parsePracticeParams, practiceSearch, presetRange, type PracticeParams, type RangePresetId } from "./range";
import { isoToday } from "../lib/dates";

/**
 * The dashboard's view (range, preset, consultant) lives in the address bar,
 * so a reload, the back button, the printable report and a shared link all
 * show the same numbers.
 */
export function usePracticeParams() {
  const [searchParams, setSearchParams] = useSearchParams();
  const today = isoToday();
  const params = useMemo(() => parsePracticeParams(searchParams, today), [searchParams, today]);

  const go = useCallback((next: PracticeParams) => setSearchParams(practiceSearch(next)), [setSearchParams]);

  // An address without a view (the nav link) gets the default one written in, so it can be shared as is.
  const complete = searchParams.has("from") && searchParams.has("to") && searchParams.has("preset");
  useEffect(() => {
    if (!complete) setSearchParams(practiceSearch(params), { replace: true });
  }, [complete, params, setSearchParams]);

  const setPreset = useCallback(
    (preset: RangePresetId) => go({ ...params, ...presetRange(preset, today), preset }),
    [go, params, today],
  );
  const setCustom = useCallback((from: string, to: string) => go({ ...params, from, to, preset: "custom" }), [go, params]);
  const setConsultant = useCallback((consultantId: string | null) => go({ ...params, consultantId }), [go, params]);

  return { params, today, setPreset, setCustom, setConsultant };
}
