def row(label, *qs):
    """An INDICATOR followed by quantities that all measure it; q = (text, label, role[, skip])."""
    out = [(label, "I")]
    for q in qs:
        st, lab, role = q[:3]
        skip = q[3] if len(q) > 3 else 0
        out.append((st, lab, role, skip, label))
    return out
