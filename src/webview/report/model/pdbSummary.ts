/**
 * What a PDB / mmCIF file holds, counted without parsing coordinates: atoms, chains and residues
 * per chain, and the title. Enough to say "227 residues in chains H, L" or "no atoms".
 */

export interface PdbSummary {
  format: 'pdb' | 'mmcif' | 'unknown';
  atoms: number;
  chains: { id: string; residues: number }[];
  title?: string;
}

export function summarisePdb(text: string): PdbSummary {
  if (/^data_/m.test(text) && /_atom_site\./.test(text)) {
    const atoms = text.split('\n').filter((l) => l.startsWith('ATOM') || l.startsWith('HETATM')).length;
    return { format: 'mmcif', atoms, chains: [] };
  }
  const residues = new Map<string, Set<string>>();
  let atoms = 0;
  const title: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('ATOM  ') || line.startsWith('HETATM')) {
      atoms++;
      const chain = line[21] ?? ' ';
      const key = line.slice(22, 27);
      if (!residues.has(chain)) residues.set(chain, new Set());
      residues.get(chain)?.add(key);
    } else if (line.startsWith('TITLE ')) {
      title.push(line.slice(10).trim());
    }
  }
  return {
    format: atoms > 0 ? 'pdb' : 'unknown',
    atoms,
    chains: [...residues].map(([id, set]) => ({ id: id.trim() || '(blank)', residues: set.size })),
    title: title.length ? title.join(' ') : undefined,
  };
}
