import { StateDatabase } from '../../../src/sandbox/state/database';
import { RuleRecord } from '../../../src/sandbox/state/model';
import { RecordLists, RecordTables } from '../../../src/sandbox/state/record-tables';

function rule(id: number, name: string): RuleRecord {
  return {
    id,
    applicationId: 1_000_001,
    name,
    pattern: '.*',
    patternExclude: '',
    videoConference: false,
    bindKeyId: null,
    scenarioIds: [],
    modifiedMs: 0,
  };
}

/** The record rows: only what changed is written; the list order (routing order) survives a reload. */
describe('RecordTables', () => {
  let database: StateDatabase;
  let lists: RecordLists;
  const rowsWritten = (save: () => void): number => {
    const before = database.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    save();
    return (database.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n - before.n;
  };

  beforeEach(() => {
    database = StateDatabase.memory();
    lists = {
      applications: [],
      scenarios: [],
      rules: [rule(5_000_001, 'a'), rule(5_000_002, 'b'), rule(5_000_003, 'c')],
      phoneNumbers: [],
    };
  });

  test('a save writes the rows that changed (body or position) and deletes the rows gone, nothing else', () => {
    const tables = new RecordTables(database);
    tables.load();
    expect(rowsWritten(() => tables.save(lists))).toBe(3);
    expect(rowsWritten(() => tables.save(lists))).toBe(0);
    lists.rules[1].pattern = '1.*';
    expect(rowsWritten(() => tables.save(lists))).toBe(1);
    lists.rules.reverse(); // a, b, c -> c, b, a: two positions change
    expect(rowsWritten(() => tables.save(lists))).toBe(2);
    lists.rules.splice(1, 1);
    expect(rowsWritten(() => tables.save(lists))).toBe(2); // b deleted, a moved up
    expect(new RecordTables(database).load().rules.map((r) => r.name)).toEqual(['c', 'a']);
  });

  test('a save that fails is undone and the next one rewrites every row', () => {
    const tables = new RecordTables(database);
    tables.load();
    tables.save(lists);
    (lists.rules[2] as unknown as { modifiedMs: unknown }).modifiedMs = BigInt(1); // JSON.stringify throws
    lists.rules[0].name = 'a2';
    expect(() => tables.save(lists)).toThrow(/BigInt/);
    expect(new RecordTables(database).load().rules.map((r) => r.name)).toEqual(['a', 'b', 'c']);
    lists.rules[2].modifiedMs = 0;
    expect(rowsWritten(() => tables.save(lists))).toBe(3 + 3); // every row deleted, every row written again
  });

  test('a row that is not a valid record is refused at load, naming its kind, id and field', () => {
    database.db
      .prepare('INSERT INTO record (kind, id, position, body) VALUES (?, ?, ?, ?)')
      .run('rule', 5_000_009, 0, JSON.stringify({ ...rule(5_000_009, 'x'), name: '' }));
    expect(() => new RecordTables(database).load()).toThrow(/rule 5000009: name: /);
  });
});
