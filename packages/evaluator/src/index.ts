export type {
  BranchScorer,
  ScoringModel,
  ModelLoader,
  InferConfig,
  EvalConfig,
  ScoredCandidate,
  VideoScores,
} from './types';
export { DEFAULT_INFER_CONFIG, DEFAULT_EVAL_CONFIG } from './defaults';
export { normalizeInferConfig, normalizeEvalConfig, INFER_PARAMS_SCHEMA, EVAL_PARAMS_SCHEMA } from './config';
export { rocCurve, trapezoid } from './metrics/roc';
export type { RocCurve } from './metrics/roc';
export { localizationScore, localizationScoreUnion, iouAtEps, meanIou } from './metrics/localization';
export type { BoxTrack, ThresholdOptions } from './metrics/localization';
export { videoAuc, falseAlarmRate } from './metrics/video';
export type { VideoPrediction } from './metrics/video';
export { frameLevelAuc, segmentScoresToFrames, frameLabels, concatFrames } from './metrics/frame';
export type { FrameInterval, FrameLevelVideo } from './metrics/frame';
export { clipInterval } from './metrics/frame';
export { validateGroundTruthFor, GT_BOX_MARGIN } from './metrics/ground-truth';
export {
  bootstrapCi,
  bootstrapWeights,
  pairedBootstrap,
  seedVideoBootstrapCi,
  pairedSeedVideoBootstrap,
  percentileInterval,
  DEFAULT_BOOTSTRAP,
} from './metrics/bootstrap';
export type { BootstrapOptions, Interval, PairedDifference, WeightedStatistic } from './metrics/bootstrap';
export { weightedAuc, weightedMean } from './metrics/weighted';
export type { AucCluster } from './metrics/weighted';
export {
  rowStats,
  rowIntervals,
  pairedRows,
  formatInterval,
  formatDifference,
  INTERVAL_METRICS,
} from './evaluate/intervals';
export type { RowStats, RowVideoData, RowIntervals, PairedComparison, IntervalMetric } from './evaluate/intervals';
export { perTypeRows, videoType } from './evaluate/per-type';
export type { PerTypeRow } from './evaluate/per-type';
export { renderStatistics, appendStatistics } from './evaluate/statistics-report';
export type { GroundTruthVideoInfo } from './metrics/ground-truth';
export { scoreVideo, candidateFrameScores, candidateEq9, ABSENT_BRANCH } from './infer/score';
export { anomalousRanges } from './infer/ranges';
export type { AnomalousRange, RangeOptions } from './infer/ranges';
export type { InferInput } from './infer/score';
export { writeVideoScores, writeFrameScores, readVideoScores, readFrameScores } from './infer/artifacts';
export { inferStage, createInferStage, INFER_STAGE_VERSION } from './infer/stage';
export { asScoringModel, loadRelationshipModel } from './model';
export { evaluateAll, evaluateMethod, baselineCandidates, spatialMetricsApply } from './evaluate/evaluate';
export type { MethodPick } from './evaluate/evaluate';
export type { EvalVideo, ResultRow, VideoOutcome, EvaluationResult } from './evaluate/types';
export { evaluateStage, createEvaluateStage, evaluateToDir, loadEvalVideos } from './evaluate/stage';
export type { EvaluateOptions } from './evaluate/stage';
export { renderResultsTable } from './report/table';
export type { ResultsTable } from './report/table';
export { writeReport, pickReportVideos } from './report/html';
export { overviewHtml, scoreHistogramSvg } from './report/overview';
export type { RunInfo } from './report/overview';
export type { FrameReader, ReportOptions } from './report/html';
export { drawKeyFrame } from './report/frames';
export { annotateFrame, annotatedPng, annotatedSource, annotationSvg, stripHeight } from './report/annotate';
export type { AnnotatedTube, AnnotationSpec } from './report/annotate';
export type { RawFrame, DrawnBox } from './report/frames';
export { rocChart, scoreTimeline } from './report/charts';
export type { GroundTruthReader } from './video-deps';
export { readGroundTruthDefault, createFrameReader } from './video-deps';
export { createFakeModel, makeFixtureVideo, FIXTURE_DIM } from './testing/fixtures';
export type { FixtureVideo } from './testing/fixtures';
export { runFixtureInference, readFixtureGroundTruth } from './testing/pipeline';
export { runLadder, plainMilEvalVideos, LADDER_ROWS, DEFAULT_POSITIVE_SLOC } from './diagnose/ladder';
export type {
  LadderOptions,
  LadderResult,
  LadderTrainVideo,
  LadderTestVideo,
  LadderTestArtifacts,
} from './diagnose/ladder';
export { renderLadder } from './diagnose/report';
export type { LadderTypeRow } from './diagnose/by-type';
export { candidateInstances, ladderShapes } from './diagnose/instances';
export type { BagShape, CandidateFeatureProbe, Instance } from './diagnose/instances';
export { trainLogistic, trainPlainMil, DEFAULT_LINEAR } from './diagnose/linear';
export type { LinearScorer, LinearTrainOptions, MilBag } from './diagnose/linear';
export { detectorRecallCounts, weightedRecall } from './diagnose/recall';
export type { RecallCounts, DetectionBoxes } from './diagnose/recall';
