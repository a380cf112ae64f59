"""The officer's wizard: Scan, Check carnet, Check goods, Commit, Receipt. Its state knows no Textual."""
