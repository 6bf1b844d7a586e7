"""Translation data for cross-language search: English stems -> Indonesian words, with probabilities.

* ``en_id.tsv``  the table, one ``english_stem<TAB>indonesian<TAB>probability`` a line
* ``build.py``   how it was made (a build-time script; warta never imports it at run time)
* ``README.md``  where the data comes from, its licences and the attribution it needs
"""
