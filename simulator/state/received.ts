/**
 * What the treasury was sent, counted after decryption: PIs per jitBillNo and CORs per jitCorBillNo
 * (accepted, rejected and duplicate alike), handshakes, and calls per service id. Tests read it through
 * `GET /admin/received` to prove nothing was posted twice.
 */
export class ReceivedLog {
  private readonly pi = new Map<string, number>();
  private readonly cor = new Map<string, number>();
  private readonly services = new Map<string, number>();
  private readonly faults = new Map<string, number>();
  private auths = 0;

  recordPaymentInstruction(jitBillNo: string): void {
    bump(this.pi, jitBillNo);
  }

  recordCorrection(jitCorBillNo: string): void {
    bump(this.cor, jitCorBillNo);
  }

  recordService(serviceId: string): void {
    bump(this.services, serviceId);
  }

  recordAuth(): void {
    this.auths += 1;
  }

  recordFault(kind: string): void {
    bump(this.faults, kind);
  }

  snapshot(): ReceivedSnapshot {
    return {
      PI: Object.fromEntries(this.pi),
      COR: Object.fromEntries(this.cor),
      auth: this.auths,
      byService: Object.fromEntries(this.services),
      faults: Object.fromEntries(this.faults),
    };
  }

  clear(): void {
    this.pi.clear();
    this.cor.clear();
    this.services.clear();
    this.faults.clear();
    this.auths = 0;
  }
}

export interface ReceivedSnapshot {
  PI: Record<string, number>;
  COR: Record<string, number>;
  auth: number;
  byService: Record<string, number>;
  /** Faults injected, by kind (`reset`, `error5xx`, `timeout`, `malformed`, `truncated`, `wrongKey`). */
  faults: Record<string, number>;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
