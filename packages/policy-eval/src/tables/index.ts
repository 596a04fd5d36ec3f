export { paperTables } from './paper';
export type { PaperTable, TableDefinition } from './paper';
export { uncertaintyTables, createCellUncertainty } from './uncertainty';
export type { UncertaintyOptions, CellUncertainty } from './uncertainty';
export { tableMarkdown, tablesMarkdown, formatMarkdownCell } from './markdown';
export { pairViews, tableInputsFromRecords, STRATEGIES, CLASSES, REGIMES, PARAMETER_COLUMNS } from './inputs';
export type { InputRow, TableInputs, PairView, StrategyRun, UsageRun } from './inputs';
export { mean, quantile, quantileD, pearson, poolFace, usageColumns } from './aggregate';
export type { FacePool } from './aggregate';
