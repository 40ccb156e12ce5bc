"""One small reader per document format, each turning a file into ``Segment``s.

``glossary.documents`` chooses the reader; every reader gives each side of a segment
anchors that point at the right line and column of the original file.
"""
