"""Import of a skills matrix from Excel or CSV; exports of everything; the blank template."""
