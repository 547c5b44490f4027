import re, glob, sys
from wordfreq import top_n_list, zipf_frequency
DIAC = re.compile('[\u064B-\u0652\u0670\u0640]')
def fold(s):
    s = DIAC.sub('', s)
    s = re.sub('[أإآٱ]', 'ا', s).replace('ى','ي').replace('ئ','ي').replace('ؤ','و').replace('ة','ه').replace('ء','')
    return s
P = ["", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "وك", "فب", "فل", "فك", "وبال", "ولل", "وكال", "فبال", "فلل", "فكال"]
names = {}
for fn in sys.argv[1:]:
    for line in open(fn, encoding='utf-8'):
        if line.startswith('#') or not line.strip(): continue
        cols = line.rstrip('\n').split('\t')
        for name in cols[2:]:
            name = name.strip()
            if ' ' in name or not re.fullmatch('[\u0621-\u0652\u0670\u0640]+', name): continue
            names.setdefault(fold(name), set()).add((cols[0], name, cols[1]))
out = []
for w in top_n_list('ar', 80000):
    if not re.fullmatch('[\u0621-\u064a]+', w): continue
    z = zipf_frequency(w, 'ar')
    if z < 3.0: break
    for p in P:
        if not w.startswith(p): continue
        rest = w[len(p):]
        if len(rest) < 2: continue
        for (i, n, t) in names.get(fold(rest), ()):
            exact = (rest == n)
            if exact and p in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل") and zipf_frequency(n, 'ar') >= z - 1.0:
                continue  # the word is likely the name itself with a clitic
            out.append((z, w, p, n, i, t, 'exact' if exact else 'folded'))
for o in sorted(out, reverse=True):
    print('%.2f\t%s\t%s+%s\t%s\t%s\t%s' % o)
