package io.vigil.director.config;

/**
 * A place in a configuration file: 1-based line and column.
 *
 * @param file   the file as the user named it (or as an include resolved it)
 * @param line   1-based line number
 * @param column 1-based column number
 */
public record SourcePosition(String file, int line, int column) {

    /** {@code FILE:LINE:COL}, the prefix of every diagnostic. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }

    /** The same line, another column. */
    public SourcePosition atColumn(int newColumn) {
        return new SourcePosition(file, line, newColumn);
    }
}
