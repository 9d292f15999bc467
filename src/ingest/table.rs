//! Tables from spreadsheets (xlsx, xlsm, xls, ods) and CSV files, as cells
//! with their positions, and header-row finding by aliases. (Not yet written.)
