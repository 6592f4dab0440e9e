/** A request body `POST /payments` accepts: one payee with every required field, nothing optional. */
export function validBillBody(billNumber: string) {
  return {
    billNumber,
    beneficiaries: [
      {
        name: 'Asha',
        accountNumber: '100000000011',
        ifsc: 'SBIN0000041',
        amountPaise: 150000,
        type: 'IND',
        mobile: '9000000000',
        lineItemIds: ['LI-1'],
      },
    ],
  };
}
